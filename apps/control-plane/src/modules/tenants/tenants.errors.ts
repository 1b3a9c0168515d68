import { AppError, ErrorCode } from '../../platform/errors/app-error.js';

export const TenantsErrors = {
  notFound: (): AppError => AppError.notFound('Tenant'),
  slugTaken: (slug: string): AppError =>
    new AppError(ErrorCode.CONFLICT, `A tenant with slug "${slug}" already exists`, [
      { field: 'slug', message: `slug "${slug}" is already taken` },
    ]),
};
