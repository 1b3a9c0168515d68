import { useEffect, useState } from 'react';
import { Form, Login, PasswordInput, required, useLocation, useLogin, useNotify } from 'react-admin';
import { Alert, Box, Button, CircularProgress, Divider, Stack, Typography } from '@mui/material';
import LockIcon from '@mui/icons-material/Lock';
import LoginIcon from '@mui/icons-material/Login';
import { fetchSignInOptions, type SignInOption } from '../providers/auth-provider';

/** What the control plane's `/#/login?error=<code>` means, in words for the person signing in. */
const SIGN_IN_ERRORS: Record<string, string> = {
  'unknown-provider': 'That sign-in option is not available any more. Pick another one.',
  'idp-unavailable': 'The identity provider could not be reached. Try again in a moment.',
  'idp-error': 'The identity provider reported an error. Try again, or ask your administrator.',
  'access-denied': 'The sign-in was cancelled at the identity provider.',
  'state-mismatch': 'The sign-in expired or was started in another tab. Please try again.',
  'nonce-mismatch': 'The sign-in could not be verified. Please try again.',
  'code-rejected': 'The sign-in could not be completed. Please try again.',
  'token-invalid': 'The identity provider’s answer could not be verified. Please try again.',
  'unknown-user': 'Your account is not known to this tenant. Ask its administrator to give you access.',
  'inactive-user': 'Your account is deactivated.',
  'no-role': 'You signed in, but no Portcullis role is granted to you or your groups. Ask an administrator.',
  'account-conflict': 'Your identity matches more than one account. Ask an administrator to sort it out.',
  internal: 'Sign-in failed on the server. Try again; if it keeps failing, tell an administrator.',
};

const messageFor = (code: string): string => SIGN_IN_ERRORS[code] ?? 'Sign-in failed. Please try again.';

type Options = { state: 'loading' } | { state: 'ready'; options: SignInOption[] } | { state: 'failed' };

const SingleSignOn = () => {
  const [options, setOptions] = useState<Options>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetchSignInOptions(controller.signal).then(
      (list) => {
        setOptions({ state: 'ready', options: list });
      },
      () => {
        if (!controller.signal.aborted) setOptions({ state: 'failed' });
      },
    );
    return () => {
      controller.abort();
    };
  }, []);

  if (options.state === 'loading') {
    return (
      <Box sx={{ display: 'flex', justifyContent: 'center', py: 1 }}>
        <CircularProgress size={24} aria-label="Loading sign-in options" />
      </Box>
    );
  }
  if (options.state === 'failed') {
    return (
      <Alert severity="warning">The sign-in options could not be loaded. Reload the page to try again.</Alert>
    );
  }
  if (options.options.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No single sign-on is configured yet. Set <code>OIDC_ISSUER</code>, or sign in with the admin token
        below.
      </Typography>
    );
  }
  return (
    <Stack spacing={1.5}>
      {options.options.map((option) => (
        <Button
          key={option.id}
          variant="contained"
          size="large"
          fullWidth
          href={option.loginUrl}
          startIcon={<LoginIcon />}
        >
          Sign in with {option.name}
        </Button>
      ))}
    </Stack>
  );
};

/** The break-glass admin token, deliberately less prominent than single sign-on. */
const BreakGlassForm = () => {
  const login = useLogin();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const submit = (values: Record<string, unknown>) => {
    setBusy(true);
    login({ token: values.token }).catch((error: unknown) => {
      setBusy(false);
      notify(error instanceof Error && error.message ? error.message : 'Sign-in failed.', { type: 'error' });
    });
  };
  return (
    <Form onSubmit={submit}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        The admin token: the value of <code>PORTCULLIS_ADMIN_TOKEN</code>, or with <code>npm start</code> the
        contents of <code>.portcullis/admin-token</code>.
      </Typography>
      <PasswordInput
        source="token"
        label="Admin token"
        autoComplete="off"
        fullWidth
        validate={required('Enter the admin token.')}
      />
      <Button type="submit" variant="outlined" fullWidth disabled={busy}>
        {busy ? <CircularProgress size={20} aria-label="Signing in" /> : 'Sign in'}
      </Button>
    </Form>
  );
};

/**
 * Single sign-on first: one button per identity provider (the platform's and each tenant's). The
 * break-glass admin token stays available underneath for automation set-up and emergencies.
 */
export const LoginPage = () => {
  const location = useLocation();
  const error = new URLSearchParams(location.search).get('error');
  return (
    <Login avatarIcon={<LockIcon />}>
      <Box
        sx={{ width: 360, maxWidth: '100%', px: 2, pb: 2, display: 'flex', flexDirection: 'column', gap: 2 }}
      >
        <Typography component="h1" variant="h6" align="center" sx={{ mt: 1 }}>
          Portcullis console
        </Typography>
        {error !== null && (
          <Alert severity="error" role="alert">
            {messageFor(error)}
          </Alert>
        )}
        <SingleSignOn />
        <Divider sx={{ color: 'text.secondary', fontSize: '0.8rem' }}>break-glass access</Divider>
        <BreakGlassForm />
      </Box>
    </Login>
  );
};
