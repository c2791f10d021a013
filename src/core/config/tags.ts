/**
 * @module core/config/tags
 * TagResource / UntagResource / ListTagsForResource of the AWS MediaTailor API model, on the
 * `tags` of a stored playback configuration. Pure.
 */
import { err, ok, type Result } from '../result.ts';
import type { StoredPlaybackConfiguration } from './playback-configuration.ts';
import { TAGS_SHAPE } from './playback-configuration-shape.ts';
import { checkShape, setOwn, type Shape } from './shape.ts';

const TAG_RESOURCE_SHAPE: Shape = { kind: 'object', aliases: { Tags: 'tags' }, fields: { tags: TAGS_SHAPE } };
/** AWS's per-resource tag limit ("Tagging AWS resources"). */
export const MAX_TAGS = 50;

type Tags = Readonly<Record<string, string>>;

/** The body of TagResource: `{"tags": {…}}` (required). */
export function validateTagResource(body: unknown): Result<{ readonly tags: Tags; readonly unknownFields: readonly string[] }, string> {
  const unknownFields: string[] = [];
  const checked = checkShape(body, TAG_RESOURCE_SHAPE, '', unknownFields);
  if (!checked.ok) return checked;
  // SAFETY: checkShape returned a value matching TAG_RESOURCE_SHAPE.
  const tags = (checked.value as { tags?: Tags }).tags;
  if (tags === undefined) return err('tags is required');
  return ok({ tags, unknownFields });
}

/** The `tagKeys` query values of UntagResource (required, at least one). */
export function validateTagKeys(keys: readonly string[]): Result<readonly string[], string> {
  if (keys.length === 0) return err('tagKeys is required: name at least one tag key to remove');
  if (keys.some((k) => k.length === 0 || k.length > 128)) return err('tagKeys must be 1-128 characters each');
  return ok(keys);
}

/** Adds or overwrites tags. */
export function withTags(cfg: StoredPlaybackConfiguration, tags: Tags): Result<StoredPlaybackConfiguration, string> {
  const merged = copy(cfg.tags);
  for (const [k, v] of Object.entries(tags)) setOwn(merged, k, v);
  const count = Object.keys(merged).length;
  if (count > MAX_TAGS) return err(`a resource can have at most ${MAX_TAGS} tags; this request would leave ${count}`);
  return ok({ ...cfg, tags: merged });
}

/** Removes tags; keys that are not there are ignored, as AWS does. */
export function withoutTags(cfg: StoredPlaybackConfiguration, keys: readonly string[]): StoredPlaybackConfiguration {
  const kept = copy(cfg.tags);
  for (const k of keys) delete kept[k];
  return { ...cfg, tags: kept };
}

function copy(tags: Tags | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) setOwn(out, k, v);
  return out;
}
