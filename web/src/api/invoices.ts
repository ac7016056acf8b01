import { api, downloadFile } from './client';
import type { ItemOf, ListQueryOf, RequestBody, ResponseBody } from './contract';

type InvoicePage = ResponseBody<'/api/v1/invoices'>;
export type InvoiceSummary = ItemOf<InvoicePage>;
export type InvoiceDetail = ResponseBody<'/api/v1/invoices/{id}'>;
/** Stored status; `displayStatus` adds "overdue" (sent, unpaid, past the due date). */
export type InvoiceStatus = InvoiceSummary['status'];
export type InvoiceDisplayStatus = InvoiceSummary['displayStatus'];
export type InvoiceKind = InvoiceSummary['kind'];
export type InvoiceLine = InvoiceDetail['lines'][number];
export type InvoiceTaxLine = InvoiceDetail['taxLines'][number];
export type InvoiceStatement = InvoiceDetail['statement'];
export type InvoicePayment = InvoiceDetail['payments'][number];
/** A billing period by its local dates; the end date is exclusive (the first day after it). */
export type PeriodDates = NonNullable<InvoiceLine['priorPeriod']>;
export type InvoiceListParams = ListQueryOf<'/api/v1/invoices'>;
export type InvoiceRun = ResponseBody<'/api/v1/invoice-runs/{id}'>;

export const invoiceKeys = {
  all: ['invoices'] as const,
  list: (params: InvoiceListParams) => ['invoices', 'list', params] as const,
  detail: (id: string) => ['invoices', 'detail', id] as const,
  run: (id: string) => ['invoices', 'runs', id] as const,
};

export const listInvoices = (params: InvoiceListParams) => api.get<InvoicePage>('/invoices', { ...params });
export const getInvoice = (id: string) => api.get<InvoiceDetail>(`/invoices/${id}`);
export const generateInvoice = (body: RequestBody<'/api/v1/invoices', 'post'>) => api.post<InvoiceDetail>('/invoices', body);
export const regenerateInvoice = (id: string) => api.post<InvoiceDetail>(`/invoices/${id}/regenerate`);
export const sendInvoice = (id: string) => api.post<InvoiceDetail>(`/invoices/${id}/send`);
export const recordInvoicePayment = (id: string, body: RequestBody<'/api/v1/invoices/{id}/payments', 'post'>) =>
  api.post<InvoiceDetail>(`/invoices/${id}/payments`, body);
export const createCreditNote = (id: string, body: RequestBody<'/api/v1/invoices/{id}/credit-notes', 'post'>) =>
  api.post<InvoiceDetail>(`/invoices/${id}/credit-notes`, body);

export const startInvoiceRun = () => api.post<ResponseBody<'/api/v1/invoice-runs', 'post'>>('/invoice-runs');
export const getInvoiceRun = (id: string) => api.get<InvoiceRun>(`/invoice-runs/${id}`);
export const listInvoiceRuns = (limit = 10) => api.get<ResponseBody<'/api/v1/invoice-runs'>>('/invoice-runs', { limit });

/** The file name the server gives (INV-2026-000042.pdf, or draft-<organization>-<period>.pdf). */
export function invoicePdfName(invoice: Pick<InvoiceSummary, 'number' | 'organizationName' | 'periodStartDate'>): string {
  if (invoice.number) return `${invoice.number}.pdf`;
  const slug =
    invoice.organizationName
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'organization';
  return `draft-${slug}-${invoice.periodStartDate}.pdf`;
}

/** Fetches the PDF with the session's token and hands it to the browser as a download. */
export const downloadInvoicePdf = (invoice: Pick<InvoiceSummary, 'id' | 'number' | 'organizationName' | 'periodStartDate'>) =>
  downloadFile(`/api/v1/invoices/${invoice.id}/pdf`, invoicePdfName(invoice));
