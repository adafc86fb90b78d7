/**
 * Marks on schema fields that say why their data may be served from the response cache. An operation is
 * cached only when EVERY field it can resolve (fragments and inline fragments included) carries one, so a
 * field added without a mark makes its operations uncacheable instead of silently stale. Put them with
 * type-graphql's `@Extensions(...)` next to `@Field`, `@FieldResolver` or `@Query`.
 */

/** The extension key read by the response cache (`field.extensions.responseCache`). */
export const RESPONSE_CACHE_EXTENSION = "responseCache";

export const Cacheable = {
  /** Alert data: changes only through the event log, whose newest cursor is part of every cached entry's validity. */
  EVENT_LOG: { [RESPONSE_CACHE_EXTENSION]: "EVENT_LOG" },
  /** Device data: already served from a TTL cache (`MACHINE_CACHE_TTL_MS`); the response cache adds at most its own TTL. */
  DEVICE_TTL: { [RESPONSE_CACHE_EXTENSION]: "DEVICE_TTL" },
  /** Tenant registry data (id, name, region, links): fixed for the life of the process. */
  REGISTRY: { [RESPONSE_CACHE_EXTENSION]: "REGISTRY" },
} as const;
