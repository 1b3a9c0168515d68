// Mirrors the admin API's application (apps/control-plane access/dto/application.dto.ts).
export interface Application {
  id: string;
  tenantId: string;
  name: string;
  description: string;
  /** The IdP's OAuth client whose client-credentials tokens act as this application. */
  clientId: string | null;
  /** false: every key of the application is refused. */
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export const NAME_MAX_LENGTH = 100;
export const DESCRIPTION_MAX_LENGTH = 1000;
export const CLIENT_ID_MAX_LENGTH = 255;

const CLIENT_ID = /^[\x21-\x7e]{1,255}$/;

/** The API's own rule, so the message shows before saving. */
export const clientIdFormat = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && !CLIENT_ID.test(value)
    ? 'Printable characters without spaces, as the IdP shows the client id.'
    : undefined;

export const NAME_HELP = 'Unique in the tenant, e.g. billing-bot.';

export const CLIENT_ID_HELP =
  'Optional: the OAuth client id at your IdP. Its client-credentials tokens then act as this application.';

export const ACTIVE_HELP =
  'An inactive application’s API keys are all refused at once; reactivate it to let them work again.';

export const DELETE_APPLICATION_CONFIRM =
  'Its API keys and grants are deleted with it: callers using its keys are refused from the next configuration on. This cannot be undone.';
