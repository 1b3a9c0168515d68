// Mirrors the admin API's tenant representation. Move to @portcullis/contracts once the tenant schema lives there.
export interface Tenant {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export const SLUG_MAX_LENGTH = 63;
export const NAME_MAX_LENGTH = 200;

export const SLUG_HELP =
  'Lowercase letters, digits and hyphens; starts and ends with a letter or digit; at most 63 characters. It cannot be changed later.';
