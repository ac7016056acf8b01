import { Type, type Static, type TSchema } from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
    requestId: Type.Optional(Type.String()),
  }),
});

/** Every error response a route can give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
} as const;

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

export interface PageRequest {
  page: number;
  pageSize: number;
}

export const pageOf = (query: { page?: number; pageSize?: number }): PageRequest => ({
  page: query.page ?? 1,
  pageSize: query.pageSize ?? 20,
});

export const Decimal = (description: string, pattern = '^-?\\d{1,12}(\\.\\d{1,6})?$') => Type.String({ pattern, description });
export const NonNegativeDecimal = (description: string) => Decimal(description, '^\\d{1,12}(\\.\\d{1,6})?$');
/** A rate as an exact decimal fraction: 0.18 is 18 %. */
export const Rate = (description: string) => Type.String({ pattern: '^(0(\\.\\d{1,6})?|1(\\.0{1,6})?)$', description });

export type PageOf<T> = { items: T[]; total: number; page: number; pageSize: number };
export type StaticOf<T extends TSchema> = Static<T>;
