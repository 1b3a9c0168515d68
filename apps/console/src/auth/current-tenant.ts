// The tenant switcher's choice outlives the tab and the session (it is no secret): someone who works
// in Globex finds Globex again tomorrow. Whether it still applies is decided against /me each time.
const CURRENT_TENANT_KEY = 'portcullis.currentTenant';

export const readChosenTenant = (): string | null => {
  try {
    return localStorage.getItem(CURRENT_TENANT_KEY);
  } catch {
    return null;
  }
};

export const storeChosenTenant = (tenantId: string): void => {
  localStorage.setItem(CURRENT_TENANT_KEY, tenantId);
};
