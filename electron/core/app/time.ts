// The core's clock reads Beijing's day and time as the renderer does (shared/domain/calendar.ts).
export { beijingTime, todayIn } from '../../../shared/domain/calendar';
