import type { HandlerMap } from '../../app/handler';
import { listDeclarations, removeDeclaration, saveDeclaration } from './service';

export const declarationHandlers = {
  'declarations.list': listDeclarations,
  'declarations.save': saveDeclaration,
  'declarations.remove': removeDeclaration,
} satisfies Partial<HandlerMap>;
