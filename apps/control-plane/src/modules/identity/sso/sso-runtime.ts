import { Injectable } from '@nestjs/common';
import { SignInError, SignInErrorCode } from './sign-in.errors.js';

/** The issuer platform accounts sign in with: OIDC_ISSUER, or the development IdP. */
export interface PlatformIssuer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the console's sign-in button. */
  name: string;
}

export interface SsoRuntimeState {
  /** The origin browsers use (PUBLIC_URL, else the listening URL), without a trailing slash. */
  publicUrl: string;
  /** True when PUBLIC_URL was configured rather than defaulted to the listening URL. */
  publicUrlConfigured: boolean;
  platform: PlatformIssuer | undefined;
}

/**
 * What console sign-in learns only once the control plane listens: its public URL (which names
 * the callback URLs and the development IdP's issuer) and the platform issuer.
 */
@Injectable()
export class SsoRuntime {
  private state: SsoRuntimeState | undefined;

  start(state: SsoRuntimeState): void {
    this.state = { ...state, publicUrl: state.publicUrl.replace(/\/+$/, '') };
  }

  get current(): SsoRuntimeState {
    if (this.state === undefined) {
      throw new SignInError(SignInErrorCode.IDP_UNAVAILABLE, 'sign-in is still starting');
    }
    return this.state;
  }

  /** The public URL, or undefined while the control plane is still starting. */
  get publicUrl(): string | undefined {
    return this.state?.publicUrl;
  }

  callbackUrl(providerId: string): string {
    return `${this.current.publicUrl}/auth/callback/${encodeURIComponent(providerId)}`;
  }
}
