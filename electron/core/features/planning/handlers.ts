import type { HandlerMap } from '../../app/handler';
import { listPopulations, listProjects, planningProjection, savePopulation, saveProject } from './service';

export const planningHandlers = {
  'planning.projects': listProjects,
  'planning.saveProject': saveProject,
  'planning.populations': listPopulations,
  'planning.savePopulation': savePopulation,
  'planning.project': planningProjection,
} satisfies Partial<HandlerMap>;
