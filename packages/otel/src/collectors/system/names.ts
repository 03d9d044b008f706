/** Disk and network instruments (system.* semantic conventions); CPU and memory come from host-metrics. */
export const FILESYSTEM_USAGE = 'system.filesystem.usage';
export const FILESYSTEM_UTILIZATION = 'system.filesystem.utilization';
export const DISK_IO = 'system.disk.io';
export const DISK_OPERATIONS = 'system.disk.operations';

export const ATTR_DEVICE = 'system.device';
export const ATTR_FS_STATE = 'system.filesystem.state';
export const ATTR_FS_MOUNTPOINT = 'system.filesystem.mountpoint';
export const ATTR_DISK_DIRECTION = 'disk.io.direction';
export const NETWORK_IO = 'system.network.io';
export const NETWORK_ERRORS = 'system.network.errors';
export const NETWORK_DROPPED = 'system.network.dropped';
export const ATTR_NET_INTERFACE = 'network.interface.name';
export const ATTR_NET_DIRECTION = 'network.io.direction';
