/** Memory instruments of our own; heap spaces, GC and event loop come from instrumentation-runtime-node. */
export const HEAP_USED_AFTER_GC = 'claude_zen.memory.heap.used_after_gc';
export const HEAP_GROWTH = 'claude_zen.memory.heap.growth';
export const HEAP_GROWTH_CONFIDENCE = 'claude_zen.memory.heap.growth.confidence';
export const LEAK_SUSPECTED = 'claude_zen.memory.leak.suspected';
export const HEAP_USED = 'claude_zen.memory.heap.used';
export const HEAP_TOTAL = 'claude_zen.memory.heap.total';
export const MEMORY_RSS = 'claude_zen.memory.rss';
export const GC_COUNT = 'claude_zen.memory.gc.count';
export const CACHE_REQUESTS = 'claude_zen.cache.requests';
export const CACHE_HIT_RATIO = 'claude_zen.cache.hit_ratio';

export const ATTR_CACHE_NAME = 'claude_zen.cache.name';
export const ATTR_CACHE_RESULT = 'claude_zen.cache.result';
export const ATTR_GC_TYPE = 'v8js.gc.type';
