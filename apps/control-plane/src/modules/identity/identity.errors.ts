import { AppError, ErrorCode } from '../../platform/errors/app-error.js';

export const IdentityErrors = {
  userNotFound: (): AppError => AppError.notFound('User'),
  groupNotFound: (): AppError => AppError.notFound('Group'),
  tenantNotFound: (): AppError => AppError.notFound('Tenant'),
  bindingNotFound: (): AppError => AppError.notFound('Role binding'),
  tokenNotFound: (): AppError => AppError.notFound('Personal access token'),
  userNameTaken: (userName: string): AppError =>
    new AppError(ErrorCode.CONFLICT, `A user named "${userName}" already exists in this tenant`, [
      { field: 'userName', message: `userName "${userName}" is already taken in this tenant` },
    ]),
  groupNameTaken: (name: string): AppError =>
    new AppError(ErrorCode.CONFLICT, `A group named "${name}" already exists in this tenant`, [
      { field: 'displayName', message: `displayName "${name}" is already taken in this tenant` },
    ]),
  bindingExists: (): AppError => new AppError(ErrorCode.CONFLICT, 'This role binding already exists'),
  provisionedByIdp: (what: string): AppError =>
    new AppError(
      ErrorCode.CONFLICT,
      `This ${what} is provisioned by the IdP through SCIM: change it in the IdP, which will push the change`,
    ),
  foreignMembers: (ids: readonly string[]): AppError =>
    AppError.validation([{ field: 'memberIds', message: `not users of this tenant: ${ids.join(', ')}` }]),
  noPersonBehindCaller: (): AppError =>
    new AppError(
      ErrorCode.FORBIDDEN,
      'Personal access tokens belong to a person: sign in to the console (the admin token has no person behind it)',
    ),
};
