// The connector client's model mappers (not re-exported by the package entry).
import { Entity } from 'botframework-connector/lib/connectorApi/models/mappers.js';

/**
 * Lets outgoing activities keep their entities' own fields (Teams `streaminfo`, the AI-message
 * entity with `citation`). botbuilder 4.23 declares entities as open objects only inline in the
 * Activity mapper, but @azure/core-client ≥ 1.10 serialises array elements with the named
 * `Entity` mapper instead, which lists only `type`, `text` and `mentioned`, so every other field
 * is silently dropped before the request leaves. Declaring the named mapper open, as botbuilder
 * intended (botbuilder-js PR 2648), restores them. Idempotent; call before sending.
 */
export function keepEntityFields(): void {
  Entity.type.additionalProperties ??= { type: { name: 'Object' } };
}
