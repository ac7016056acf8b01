import { Type, type Static } from 'typebox';
import { NOTIFICATION_CHANNELS } from '../../db/schema/index.js';
import { PageQuery, Uuid } from '../../http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const MAX_AUDIENCE_IDS = 1000;
export const MAX_AUDIENCE_DAYS = 365;

/** Who receives a message; always within the message's organization (docs/driver-messages.md). */
export const Audience = Type.Union(
  [
    Type.Object(
      {
        kind: Type.Literal('drivers'),
        userIds: Type.Array(Uuid, { minItems: 1, maxItems: MAX_AUDIENCE_IDS, uniqueItems: true }),
      },
      { additionalProperties: false, description: 'chosen drivers of the organization' },
    ),
    Type.Object(
      { kind: Type.Literal('organization') },
      { additionalProperties: false, description: 'every driver of the organization' },
    ),
    Type.Object(
      {
        kind: Type.Literal('sites'),
        siteIds: Type.Array(Uuid, { minItems: 1, maxItems: MAX_AUDIENCE_IDS, uniqueItems: true }),
        days: Type.Integer({ minimum: 1, maximum: MAX_AUDIENCE_DAYS }),
      },
      {
        additionalProperties: false,
        description: 'drivers of the organization who started a session at the sites in the last `days` days',
      },
    ),
    Type.Object(
      {
        kind: Type.Literal('token_groups'),
        groups: Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { minItems: 1, maxItems: 100, uniqueItems: true }),
      },
      { additionalProperties: false, description: 'drivers of the organization holding an ID token of one of the groups' },
    ),
  ],
  { description: 'who receives the message' },
);
export type MessageAudience = Static<typeof Audience>;

const Category = Type.Union([Type.Literal('service'), Type.Literal('marketing')], {
  description: 'service: about the drivers’ own sessions, sent despite a marketing opt-out; marketing: drivers may opt out',
});
const Channel = Type.Union([Type.Literal('email'), Type.Literal('web_push'), Type.Literal('mobile_push')], {
  description: 'channels beyond the in-app copy (each driver’s own channel choice still applies)',
});

/** An app path: starts with one `/`, no scheme, no host, no spaces or control characters. */
export const APP_PATH_PATTERN = '^/(?!/)[\\x21-\\x7E]*$';

export const ComposeMessageBody = Type.Object(
  {
    organizationId: Uuid,
    category: Category,
    title: Type.String({ minLength: 1, maxLength: 120 }),
    body: Type.String({ minLength: 1, maxLength: 4000 }),
    link: Type.Optional(
      Nullable(
        Type.String({ maxLength: 500, pattern: APP_PATH_PATTERN, description: 'a path in the web app, e.g. /my-charging' }),
      ),
    ),
    audience: Audience,
    channels: Type.Array(Channel, { uniqueItems: true, maxItems: NOTIFICATION_CHANNELS.length }),
    sendAt: Type.Optional(
      Nullable(Type.String({ format: 'date-time', description: 'absent or null: now; otherwise an instant in the future' })),
    ),
  },
  { additionalProperties: false },
);
export type ComposeMessage = Static<typeof ComposeMessageBody>;

export const PreviewBody = Type.Object(
  { organizationId: Uuid, category: Category, audience: Audience },
  { additionalProperties: false },
);

export const PreviewResponse = Type.Object({
  recipients: Type.Integer({ description: 'drivers the message would reach now' }),
  optedOut: Type.Integer({ description: 'marketing only: drivers of the audience who opted out and are left out' }),
});

export const MessageListQuery = Type.Object(
  {
    page: PageQuery.page,
    pageSize: PageQuery.pageSize,
    organizationId: Type.Optional(Uuid),
    status: Type.Optional(
      Type.Union([Type.Literal('scheduled'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('cancelled')]),
    ),
  },
  { additionalProperties: false },
);

export const OptionsQuery = Type.Object(
  { organizationId: Uuid, q: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

export const OptionsResponse = Type.Object({
  drivers: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() }), {
    description: 'the organization’s drivers matching q (at most 50)',
  }),
  tokenGroups: Type.Array(Type.String(), { description: 'the groups of the organization’s ID tokens' }),
});

export const MessageBody = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  authorId: Nullable(Type.String()),
  authorName: Nullable(Type.String()),
  category: Category,
  title: Type.String(),
  body: Type.String(),
  link: Nullable(Type.String()),
  audience: Audience,
  channels: Type.Array(Channel),
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('cancelled')]),
  sendAt: Instant,
  sentAt: Nullable(Instant),
  recipientCount: Nullable(Type.Integer({ description: 'drivers notified; null until sent' })),
  createdAt: Instant,
});

const Delivery = Type.Object({
  channel: Channel,
  target: Nullable(Type.String()),
  status: Type.Union([
    Type.Literal('queued'),
    Type.Literal('held'),
    Type.Literal('sent'),
    Type.Literal('failed'),
    Type.Literal('skipped'),
  ]),
  reason: Nullable(Type.String()),
  error: Nullable(Type.String()),
  attempts: Type.Integer(),
  sentAt: Nullable(Instant),
});

export const RecipientBody = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  notifiedAt: Instant,
  openedAt: Nullable(Type.String({ format: 'date-time', description: 'when the driver read the in-app copy' })),
  deliveries: Type.Array(Delivery),
});

export const MessageDetailBody = Type.Object({
  ...MessageBody.properties,
  recipients: Type.Array(RecipientBody),
  recipientsTotal: Type.Integer(),
  opened: Type.Integer({ description: 'recipients who read it in the app' }),
});

export const DetailQuery = Type.Object({ page: PageQuery.page, pageSize: PageQuery.pageSize }, { additionalProperties: false });
