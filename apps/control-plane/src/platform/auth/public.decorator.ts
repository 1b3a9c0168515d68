import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'portcullis:public';

/** Opts a route out of the global authentication guard (health checks, API docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
