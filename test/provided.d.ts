import type { ProvidedTestServices } from '@portcullis/testing';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface ProvidedContext extends ProvidedTestServices {}
}
