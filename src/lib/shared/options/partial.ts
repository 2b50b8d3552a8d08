import { GRAINS, type Grain } from '../../contract/filters';
import { bucketEnd } from '../time';

/**
 * The start of the last bucket when it is still filling at `now` (this month so far), else null.
 * Its value is a part of a period, so charts mark it rather than draw it as a fall.
 */
export function partialBucket(times: readonly number[], grain: string | undefined, now: number | undefined): number | null {
  if (now === undefined || !grain || !(GRAINS as readonly string[]).includes(grain) || times.length === 0) return null;
  const last = Math.max(...times);
  return bucketEnd(last, grain as Grain) > now ? last : null;
}

/** What a tooltip adds after a value of the bucket still filling. */
export const SO_FAR = ' (so far)';
