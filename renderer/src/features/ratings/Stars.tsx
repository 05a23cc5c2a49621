import { Text } from '@mantine/core';
import type { RatingState } from '../../../../shared/domain/starRating';

export const STATE_COLORS: Record<RatingState, string> = {
  not_yet_decided: 'gray',
  in_force: 'teal',
  expiring_soon: 'yellow',
  expired: 'red',
  revoked: 'gray',
};

/** Decorative filled stars; the level is always written out beside them, so they are hidden from screen readers. */
export function Stars({ level }: { level: number }) {
  return (
    <Text component="span" c="yellow.7" aria-hidden>
      {'★'.repeat(level)}
    </Text>
  );
}
