import type { HandlerMap } from '../../app/handler';
import { listPopulation, pagePopulation, upsertPopulation } from '../areas/service';

// A population figure is one area's in one year: its rules (the area must exist, the figures agree)
// live with the areas'.
export const populationHandlers = {
  'population.list': listPopulation,
  'population.page': pagePopulation,
  'population.upsert': upsertPopulation,
} satisfies Partial<HandlerMap>;
