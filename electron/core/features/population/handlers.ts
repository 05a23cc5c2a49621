import type { HandlerMap } from '../../app/handler';
import { listPopulation, upsertPopulation } from '../areas/service';

// A population figure is one area's in one year: its rules (the area must exist, the figures agree)
// live with the areas'.
export const populationHandlers = {
  'population.list': listPopulation,
  'population.upsert': upsertPopulation,
} satisfies Partial<HandlerMap>;
