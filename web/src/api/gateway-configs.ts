import { api } from './client';
import type { ItemOf, RequestBody, ResponseBody } from './contract';

type GatewayConfigList = ResponseBody<'/api/v1/gateway-configs'>;
/** A payment gateway configuration; its credentials only ever masked. */
export type GatewayConfig = ItemOf<GatewayConfigList>;
export type GatewayKind = GatewayConfig['gateway'];
export type CreateGatewayConfig = RequestBody<'/api/v1/gateway-configs', 'post'>;
export type UpdateGatewayConfig = RequestBody<'/api/v1/gateway-configs/{id}', 'patch'>;
export type PaymentSettings = ResponseBody<'/api/v1/payment-settings/{organizationId}'>;
export type PaymentSettingsInput = RequestBody<'/api/v1/payment-settings/{organizationId}', 'put'>;

export const gatewayConfigKeys = {
  all: ['gateway-configs'] as const,
  settings: (organizationId: string) => ['payment-settings', organizationId] as const,
};

export const listGatewayConfigs = () => api.get<GatewayConfigList>('/gateway-configs');
export const createGatewayConfig = (body: CreateGatewayConfig) => api.post<GatewayConfig>('/gateway-configs', body);
export const updateGatewayConfig = (id: string, body: UpdateGatewayConfig) =>
  api.patch<GatewayConfig>(`/gateway-configs/${id}`, body);
export const deleteGatewayConfig = (id: string) => api.delete(`/gateway-configs/${id}`);

export const getPaymentSettings = (organizationId: string) => api.get<PaymentSettings>(`/payment-settings/${organizationId}`);
export const putPaymentSettings = (organizationId: string, body: PaymentSettingsInput) =>
  api.put<PaymentSettings>(`/payment-settings/${organizationId}`, body);
