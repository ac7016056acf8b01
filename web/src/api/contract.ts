/**
 * The web app's view of the API, derived from the types generated out of the server's OpenAPI
 * document (schema.generated.ts, written by `npm run openapi`). A resource shape is named here by
 * its endpoint instead of being declared a second time by hand: when the server changes a field,
 * the web app's type-check sees it, and CI fails when the generated file is not regenerated.
 */
import type { paths } from './schema.generated';

export type ApiPath = keyof paths;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;
type Responses<P extends ApiPath, M extends Method> = Operation<P, M> extends { responses: infer R } ? R : never;

/** The JSON body of the success answer (200, 201 or 202) of `M path`. */
export type ResponseBody<P extends ApiPath, M extends Method = 'get'> =
  Responses<P, M> extends { 200: infer R }
    ? JsonOf<R>
    : Responses<P, M> extends { 201: infer R }
      ? JsonOf<R>
      : Responses<P, M> extends { 202: infer R }
        ? JsonOf<R>
        : never;

/** The JSON request body `M path` takes. */
export type RequestBody<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

/** The query parameters `M path` takes. */
export type QueryOf<P extends ApiPath, M extends Method = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** One item of a paged or plain list answer. */
export type ItemOf<List> = List extends { items: Array<infer Item> } ? Item : List extends Array<infer Item> ? Item : never;

/**
 * The query of a paged list endpoint as the app's list state builds it: the sort key comes from
 * the table's column ids (the server refuses an unknown one with VALIDATION_FAILED).
 */
export type ListQueryOf<P extends ApiPath> = Omit<QueryOf<P>, 'sort' | 'order'> & {
  sort?: string;
  order?: 'asc' | 'desc';
};
