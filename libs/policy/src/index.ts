export { compilePolicy, decide, standing } from './policy.js';
export type { CompiledPolicy } from './policy.js';
export type {
  Principal,
  UserPrincipal,
  ApplicationPrincipal,
  PrincipalKey,
  PolicySnapshot,
  ModelPolicy,
  ClaimRequirement,
  Grant,
  GrantSubjectKind,
  Reason,
  ReasonCode,
  Decision,
} from './types.js';
