import type { HandlerMap } from '../../app/handler';
import { checkRating, createRating, expiredRatings, expiringRatings, facilityRatings, ratingOverview, revokeRating } from './service';

export const ratingHandlers = {
  'ratings.create': createRating,
  'ratings.revoke': revokeRating,
  'ratings.check': checkRating,
  'ratings.forFacility': facilityRatings,
  'ratings.overview': ratingOverview,
  'ratings.expiring': expiringRatings,
  'ratings.expired': expiredRatings,
} satisfies Partial<HandlerMap>;
