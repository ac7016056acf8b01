import { api, downloadFile } from './client';
import type { RequestBody, ResponseBody } from './contract';

/** What a report can be built from (GET /reports/catalogue). */
export type ReportCatalogue = ResponseBody<'/api/v1/reports/catalogue'>;
/** A report definition: dimensions × metrics × period, filtered like the Transactions page. */
export type ReportDefinition = RequestBody<'/api/v1/reports/preview', 'post'>;
/** Rows and totals; money in minor units of each row's currency, energy in Wh, durations in seconds. */
export type ReportPreview = ResponseBody<'/api/v1/reports/preview', 'post'>;

export const reportKeys = {
  catalogue: ['reports', 'catalogue'] as const,
  preview: (definition: ReportDefinition) => ['reports', 'preview', definition] as const,
};

export const getReportCatalogue = () => api.get<ReportCatalogue>('/reports/catalogue');
export const previewReport = (definition: ReportDefinition) => api.post<ReportPreview>('/reports/preview', definition);
/** The same rows as the preview, as a CSV file the browser keeps. */
export const downloadReportCsv = (definition: ReportDefinition, fileName: string) =>
  downloadFile('/api/v1/reports/export.csv', fileName, definition);
