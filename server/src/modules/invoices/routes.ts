import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import { generateInvoice, regenerateDraft } from './generate.js';
import { issueCreditNote, recordPayment, sendInvoice } from './lifecycle.js';
import { invoicePdfRoute } from './pdf-route.js';
import { invoiceRunRoutes } from './run-routes.js';
import {
  CreditNoteBody,
  GenerateInvoiceBody,
  InvoiceDetailBody,
  InvoiceListQuery,
  InvoiceSummaryBody,
  RecordPaymentBody,
} from './schemas.js';
import { assertInvoiceInScope, getInvoice, invoiceDetail, listInvoices } from './service.js';

const tags = ['invoices'];
const detail = { 200: InvoiceDetailBody, ...errorResponses };

export function invoiceRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, config } = deps;
  const issuer = config.invoiceIssuer.name;
  /** Every change answers the invoice as it now reads. */
  const reread = async (id: string) => (await invoiceDetail(db, id))!;

  app.get(
    '/api/v1/invoices',
    {
      config: { access: 'invoices:read' },
      schema: {
        tags,
        summary: 'Invoices and credit notes in scope; status overdue is derived from the due date',
        querystring: InvoiceListQuery,
        response: { 200: Page(InvoiceSummaryBody), ...errorResponses },
      },
    },
    async (request) => listInvoices(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.post(
    '/api/v1/invoices',
    {
      config: { access: 'invoices:write' },
      schema: {
        tags,
        summary: 'Generate the draft of an organization’s billing period (default: its latest closed one); 200 if it exists',
        body: GenerateInvoiceBody,
        response: { 201: InvoiceDetailBody, ...detail },
      },
    },
    async (request, reply) => {
      const { organizationId, periodStartDate } = request.body;
      const result = await generateInvoice(db, auditContext(request), actorOf(request).scope, organizationId, periodStartDate);
      return reply.status(result.created ? 201 : 200).send(await reread(result.invoice.id));
    },
  );

  app.get(
    '/api/v1/invoices/:id',
    {
      config: { access: 'invoices:read' },
      schema: {
        tags,
        summary: 'One invoice with lines, taxes, statement, payments and credit notes',
        params: IdParams,
        response: detail,
      },
    },
    async (request) => getInvoice(db, actorOf(request).scope, request.params.id),
  );

  app.post(
    '/api/v1/invoices/:id/regenerate',
    {
      config: { access: 'invoices:write' },
      schema: { tags, summary: 'Recompute a draft from the settled sessions', params: IdParams, response: detail },
    },
    async (request) => {
      const invoice = await assertInvoiceInScope(db, actorOf(request).scope, request.params.id);
      await regenerateDraft(db, auditContext(request), invoice);
      return reread(invoice.id);
    },
  );

  app.post(
    '/api/v1/invoices/:id/send',
    {
      config: { access: 'invoices:write' },
      schema: { tags, summary: 'Finalize a draft: gap-free number, issue and due dates', params: IdParams, response: detail },
    },
    async (request) => {
      const invoice = await assertInvoiceInScope(db, actorOf(request).scope, request.params.id);
      await sendInvoice(db, auditContext(request), issuer, invoice.id);
      return reread(invoice.id);
    },
  );

  app.post(
    '/api/v1/invoices/:id/payments',
    {
      config: { access: 'invoices:write' },
      schema: {
        tags,
        summary: 'Record a payment; the full total marks the invoice paid',
        params: IdParams,
        body: RecordPaymentBody,
        response: detail,
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const invoice = await assertInvoiceInScope(db, actor.scope, request.params.id);
      await recordPayment(db, auditContext(request), actor.id, invoice.id, request.body);
      return reread(invoice.id);
    },
  );

  app.post(
    '/api/v1/invoices/:id/credit-notes',
    {
      config: { access: 'invoices:write' },
      schema: {
        tags,
        summary: 'Issue a credit note against a sent invoice (amount excluding tax; the invoice’s taxes apply)',
        params: IdParams,
        body: CreditNoteBody,
        response: { 201: InvoiceDetailBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const invoice = await assertInvoiceInScope(db, actorOf(request).scope, request.params.id);
      const note = await issueCreditNote(db, auditContext(request), issuer, invoice.id, request.body);
      return reply.status(201).send(await reread(note.id));
    },
  );

  invoicePdfRoute(app, deps);
  invoiceRunRoutes(app, deps);
}
