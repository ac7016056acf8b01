import { api } from './client';
import type { ResponseBody } from './contract';

type Devices = '/api/v1/me/mobile-devices';

/** The signed-in user's phones, and whether this server sends mobile push at all. */
export type MobileDeviceList = ResponseBody<Devices>;
export type MobileDevice = MobileDeviceList['items'][number];

export const listMobileDevices = () => api.get<MobileDeviceList>('/me/mobile-devices');
/** Removes one of the caller's phones (registration itself is done by the mobile app). */
export const deleteMobileDevice = (id: string) => api.delete(`/me/mobile-devices/${encodeURIComponent(id)}`);
