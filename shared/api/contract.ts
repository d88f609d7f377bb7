// The API contract is data: each service is a table of methods, each method a zod schema for its
// argument tuple and one for its result. Hosts validate every incoming message against it, the renderer's
// client is typed by it, and the TypeScript interfaces below are derived from it, so they cannot drift apart.
import { z } from 'zod';

export interface MethodSpec<A extends z.ZodTuple = z.ZodTuple, R extends z.ZodType = z.ZodType> {
  readonly args: A;
  readonly result: R;
  /** One line for the command palette / CLI help / docs. */
  readonly doc: string;
}

export function method<A extends z.ZodTuple, R extends z.ZodType>(args: A, result: R, doc: string): MethodSpec<A, R> {
  return { args, result, doc };
}

export type ServiceSpec = { readonly [method: string]: MethodSpec<z.ZodTuple, z.ZodType> };

/** The TypeScript interface of a service, derived from its spec. */
export type ServiceOf<S extends ServiceSpec> = {
  [K in keyof S]: (...args: z.input<S[K]['args']>) => Promise<z.output<S[K]['result']>>;
};
