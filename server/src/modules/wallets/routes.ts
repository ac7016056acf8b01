import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, errorResponses, pageOf } from '../../http/schemas.js';
import { installWalletPayments } from './install.js';
import {
  AdjustmentBody,
  CreateWalletBody,
  EntriesPageQuery,
  TopUpBody,
  TopUpHeaders,
  TopUpResultBody,
  WalletBody,
  WalletDetailBody,
  WalletListQuery,
  WalletRefundBody,
} from './schemas.js';
import * as service from './service.js';

const tags = ['wallets'];
const topUpResponse = { 201: TopUpResultBody, 202: TopUpResultBody, ...errorResponses };

/** Drivers' prepaid wallets: balances, entries, top-ups by card, Accounts' adjustments and refunds. */
export function walletRoutes(app: TypedApp, { db, payments }: AppDeps): void {
  installWalletPayments();

  app.get(
    '/api/v1/wallets',
    {
      config: { access: 'payments:read' },
      schema: {
        tags,
        summary: 'Wallets of the organizations in reach, with their balances',
        querystring: WalletListQuery,
        response: { 200: Page(WalletBody), ...errorResponses },
      },
    },
    async (request) => service.listWalletsInScope(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.post(
    '/api/v1/wallets',
    {
      config: { access: 'payments:write' },
      schema: {
        tags,
        summary: 'Open a wallet for a driver in a currency (one per driver and currency)',
        body: CreateWalletBody,
        response: { 201: WalletBody, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createWallet(db, auditContext(request), actorOf(request).scope, request.body)),
  );

  app.get(
    '/api/v1/wallets/:id',
    {
      // payments:read staff, or the wallet's own driver (self:wallet): the handler decides.
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A wallet with its entries, newest first, each with the balance after it',
        params: IdParams,
        querystring: EntriesPageQuery,
        response: { 200: WalletDetailBody, ...errorResponses },
      },
    },
    async (request) => service.walletDetail(db, actorOf(request).scope, request.params.id, pageOf(request.query)),
  );

  app.post(
    '/api/v1/wallets/:id/top-ups',
    {
      // The wallet's own driver, or payments:write staff: the handler decides.
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Top up a wallet by charging the driver’s card on file',
        params: IdParams,
        headers: TopUpHeaders,
        body: TopUpBody,
        response: topUpResponse,
      },
    },
    async (request, reply) => {
      const result = await service.topUpWallet(payments, actorOf(request).scope, request.params.id, {
        amountMinor: request.body.amountMinor,
        clientKey: request.headers['idempotency-key'],
      });
      return reply.status(result.status === 'approved' ? 201 : 202).send(result);
    },
  );

  app.post(
    '/api/v1/wallets/:id/adjustments',
    {
      config: { access: 'payments:write' },
      schema: {
        tags,
        summary: 'Adjust a wallet by hand (signed amount, with the reason; audited)',
        params: IdParams,
        body: AdjustmentBody,
        response: { 201: WalletBody, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.adjustWallet(db, auditContext(request), actorOf(request).scope, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/wallets/:id/refunds',
    {
      config: { access: 'payments:write' },
      schema: {
        tags,
        summary: 'Give money of a wallet session back to the wallet (at most what it debited, less earlier refunds)',
        params: IdParams,
        body: WalletRefundBody,
        response: { 201: WalletBody, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.refundToWallet(db, auditContext(request), actorOf(request).scope, request.params.id, request.body)),
  );

  app.get(
    '/api/v1/me/wallets',
    {
      config: { access: 'self:wallet' },
      schema: {
        tags,
        summary: "The signed-in driver's wallets",
        response: {
          200: Type.Object({
            items: Type.Array(WalletBody),
            currency: Type.Union([Type.String(), Type.Null()], {
              description: 'the driver’s organization’s currency: the wallet a first top-up opens',
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => service.ownWallets(db, actorOf(request).id),
  );

  app.post(
    '/api/v1/me/wallet/top-ups',
    {
      config: { access: 'self:wallet' },
      schema: {
        tags,
        summary: "Top up the signed-in driver's wallet in their organization's currency (opened on the first top-up)",
        headers: TopUpHeaders,
        body: TopUpBody,
        response: topUpResponse,
      },
    },
    async (request, reply) => {
      const result = await service.topUpOwnWallet(payments, actorOf(request).id, {
        amountMinor: request.body.amountMinor,
        clientKey: request.headers['idempotency-key'],
      });
      return reply.status(result.status === 'approved' ? 201 : 202).send(result);
    },
  );
}
