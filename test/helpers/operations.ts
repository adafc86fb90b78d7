import { readFileSync } from "node:fs";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";
import { expect } from "vitest";

/**
 * How the black-box tests run GraphQL operations over HTTP. Operations are codegen typed documents
 * (`test/generated/graphql.ts`, from `schema/operations/*.graphql` and `test/**\/*.graphql`; `npm run codegen`):
 * their variables and result data are checked against the schema. Text stays where a test reads only the status or
 * the errors (abuse, limits, refused or malformed requests, span names); its data is `unknown`.
 */

/** One entry of a GraphQL response's `errors`. */
export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/**
 * The data of a text (untyped) query. Tests that read data should use a typed document (`test/**\/*.graphql` →
 * `npm run codegen` → `test/generated/graphql.ts`); text queries are for ad-hoc shapes (refusals, limits, quick reads),
 * and this is the one place their data is left untyped.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the single escape hatch for text queries
export type UntypedData = any;

/** An HTTP GraphQL answer: status and parsed body (a non-JSON body becomes one error carrying the text). */
export interface GqlResult<R = unknown> {
  status: number;
  body: { data?: R | null; errors?: GqlError[] };
}

/** Who sends an operation: a demo user (token minted and cached by the gateway helper), a raw token, or `null` for none. */
export interface GqlAs {
  token?: string | null;
  user?: string;
}

const printed = new WeakMap<DocumentNode, string>();
/** The query text of an operation given as text or as a (typed) document; documents are printed once. */
export function queryText(query: string | DocumentNode): string {
  if (typeof query === "string") return query;
  let text = printed.get(query);
  if (text === undefined) printed.set(query, (text = print(query)));
  return text;
}

/** POSTs an operation to `<url>/graphql`; `token` null or absent sends no Authorization header. */
export async function postGraphQL<R, V>(
  url: string,
  query: TypedDocumentNode<R, V>,
  variables?: V,
  token?: string | null,
): Promise<GqlResult<R>>;
export async function postGraphQL(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string | null,
): Promise<GqlResult<UntypedData>>;
export async function postGraphQL(
  url: string,
  query: string | DocumentNode,
  variables?: unknown,
  token?: string | null,
): Promise<GqlResult> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: queryText(query), variables }),
  });
  const text = await res.text();
  let body: GqlResult["body"];
  try {
    body = JSON.parse(text) as GqlResult["body"];
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: res.status, body };
}

/** Asserts an answer has data and no errors, and returns the data. */
export function ok<R>(res: GqlResult<R>): R {
  expect(res.body.errors ?? [], JSON.stringify(res.body.errors)).toEqual([]);
  expect(res.body.data).toBeTruthy();
  return res.body.data!;
}

/** `extensions.code` of the first error, if any. */
export const errorCode = (res: GqlResult<unknown>) => res.body.errors?.[0]?.extensions?.code as string | undefined;

/** The text of `schema/operations/<name>.graphql`: the same documents GraphiQL and codegen use. */
export const operation = (name: string): string =>
  readFileSync(new URL(`../../schema/operations/${name}.graphql`, import.meta.url), "utf8");
