import { createHash } from 'node:crypto';

/** A device's API key as stored: only its SHA-256, so a copy of the database holds no usable key. */
export const hashDeviceKey = (key: string) => createHash('sha256').update(key).digest('hex');
