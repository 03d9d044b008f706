/** Disk instruments (system.* semantic conventions); CPU, memory and network come from host-metrics. */
export const FILESYSTEM_USAGE = 'system.filesystem.usage';
export const FILESYSTEM_UTILIZATION = 'system.filesystem.utilization';
export const DISK_IO = 'system.disk.io';
export const DISK_OPERATIONS = 'system.disk.operations';

export const ATTR_DEVICE = 'system.device';
export const ATTR_FS_STATE = 'system.filesystem.state';
export const ATTR_FS_MOUNTPOINT = 'system.filesystem.mountpoint';
export const ATTR_DISK_DIRECTION = 'disk.io.direction';
