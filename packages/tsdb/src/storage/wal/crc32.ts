import * as zlib from 'node:zlib';

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32Table(data: Uint8Array, initial = 0): number {
  let c = ~initial;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/**
 * CRC-32 (IEEE) of `data`, continuing from `initial` (the CRC of preceding bytes); uses zlib's
 * native implementation when the runtime has it.
 */
export const crc32: (data: Uint8Array, initial?: number) => number = native
  ? (d, initial = 0) => native(d, initial) >>> 0
  : crc32Table;
export { crc32Table };
