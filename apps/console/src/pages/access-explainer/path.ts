export const ACCESS_EXPLAINER_PATH = '/access-explainer';

/** What the explainer is asked about when opened from a key or an application. */
export type ExplainTarget = { keyId: string } | { kind: 'user' | 'application'; id: string };

export const explainerPath = (target?: ExplainTarget): string => {
  if (target === undefined) return ACCESS_EXPLAINER_PATH;
  const params = new URLSearchParams('keyId' in target ? { keyId: target.keyId } : target);
  return `${ACCESS_EXPLAINER_PATH}?${params.toString()}`;
};
