import { api, fetchBlobUrl } from './client';
import type { ListParams, Page } from './types';

/** Stored status; `displayStatus` adds "overdue" (sent, unpaid, past the due date). */
export type InvoiceStatus = 'draft' | 'sent' | 'paid';
export type InvoiceDisplayStatus = InvoiceStatus | 'overdue';
export type InvoiceKind = 'invoice' | 'credit_note';

export interface InvoiceSummary {
  id: string;
  kind: InvoiceKind;
  number: string | null;
  organizationId: string;
  organizationName: string;
  status: InvoiceStatus;
  displayStatus: InvoiceDisplayStatus;
  periodStartDate: string;
  /** Exclusive: the first day after the period. */
  periodEndDate: string;
  issueDate: string | null;
  dueDate: string | null;
  currency: string;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  paidMinor: number;
  creditedMinor: number;
  /** docs/finance.md §10, computed by the server: total − payments − credit notes; Paid when it reaches zero. */
  amountDueMinor: number;
  /** What further credit notes may still credit, excluding tax. */
  creditableMinor: number;
  creditedInvoiceId: string | null;
  creditedInvoiceNumber: string | null;
  generatedAt: string;
  sentAt: string | null;
  paidAt: string | null;
}

/** A billing period by its local dates; the end date is exclusive (the first day after it). */
export interface PeriodDates {
  periodStartDate: string;
  periodEndDate: string;
}

export interface InvoiceLine {
  kind: 'platform_commission' | 'gateway_charges' | 'credit';
  description: string;
  amountMinor: number;
  /** Set on a prior-period line group: late sessions of an earlier period whose invoice was already sent. */
  priorPeriod: PeriodDates | null;
}

export interface InvoiceTaxLine {
  name: string;
  /** Exact decimal fraction: "0.18" is 18 %. */
  rate: string;
  compound: boolean;
  baseMinor: number;
  amountMinor: number;
}

export interface InvoiceStatement {
  sessions: number;
  energyWh: number;
  grossCollectedMinor: number;
  taxesCollectedMinor: number;
  netRevenueMinor: number;
  locationOwnerCommissionsMinor: number;
  payoutMinor: number;
  /** The late sessions counted above, per original period. */
  priorPeriods: (PeriodDates & { sessions: number; energyWh: number; netRevenueMinor: number })[];
}

export interface InvoicePayment {
  id: string;
  amountMinor: number;
  paidOn: string;
  reference: string | null;
}

export interface InvoiceDetail extends InvoiceSummary {
  lines: InvoiceLine[];
  taxLines: InvoiceTaxLine[];
  statement: InvoiceStatement;
  billTo: {
    name: string;
    addressLine: string | null;
    city: string | null;
    country: string | null;
    taxId: string | null;
    contactEmail: string | null;
  };
  reason: string | null;
  payments: InvoicePayment[];
  creditNotes: InvoiceSummary[];
}

export interface InvoiceListParams extends ListParams {
  organizationId?: string;
  status?: InvoiceDisplayStatus;
  kind?: InvoiceKind;
  periodFrom?: string;
  periodTo?: string;
}

export interface InvoiceRun {
  id: string;
  trigger: 'manual' | 'scheduled';
  status: 'running' | 'finished' | 'failed';
  total: number;
  generated: number;
  skipped: number;
  failed: number;
  errors: { organizationId: string; message: string }[];
  startedAt: string;
  finishedAt: string | null;
}

export const invoiceKeys = {
  all: ['invoices'] as const,
  list: (params: InvoiceListParams) => ['invoices', 'list', params] as const,
  detail: (id: string) => ['invoices', 'detail', id] as const,
  run: (id: string) => ['invoices', 'runs', id] as const,
};

export const listInvoices = (params: InvoiceListParams) => api.get<Page<InvoiceSummary>>('/invoices', { ...params });
export const getInvoice = (id: string) => api.get<InvoiceDetail>(`/invoices/${id}`);
export const generateInvoice = (body: { organizationId: string; periodStartDate?: string }) =>
  api.post<InvoiceDetail>('/invoices', body);
export const regenerateInvoice = (id: string) => api.post<InvoiceDetail>(`/invoices/${id}/regenerate`);
export const sendInvoice = (id: string) => api.post<InvoiceDetail>(`/invoices/${id}/send`);
export const recordInvoicePayment = (id: string, body: { amountMinor: number; paidOn: string; reference?: string }) =>
  api.post<InvoiceDetail>(`/invoices/${id}/payments`, body);
export const createCreditNote = (id: string, body: { amountMinor: number; reason: string }) =>
  api.post<InvoiceDetail>(`/invoices/${id}/credit-notes`, body);

export const startInvoiceRun = () => api.post<{ id: string }>('/invoice-runs');
export const getInvoiceRun = (id: string) => api.get<InvoiceRun>(`/invoice-runs/${id}`);
export const listInvoiceRuns = (limit = 10) => api.get<{ items: InvoiceRun[] }>('/invoice-runs', { limit });

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
export async function downloadInvoicePdf(
  invoice: Pick<InvoiceSummary, 'id' | 'number' | 'organizationName' | 'periodStartDate'>,
) {
  const url = await fetchBlobUrl(`/api/v1/invoices/${invoice.id}/pdf`);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = invoicePdfName(invoice);
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser a moment to start the download before the object URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
