import { Login, LoginForm, PasswordInput, required } from 'react-admin';
import { Typography } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';

/** Break-glass sign-in: the admin token only. OIDC sign-in will replace this form. */
export const LoginPage = () => (
  <Login avatarIcon={<KeyIcon />}>
    <Typography component="h1" variant="h6" align="center" sx={{ mt: 1 }}>
      Portcullis console
    </Typography>
    <LoginForm>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Sign in with the break-glass admin token: the value of <code>PORTCULLIS_ADMIN_TOKEN</code>, or with{' '}
        <code>npm start</code> the contents of <code>.portcullis/admin-token</code>.
      </Typography>
      <PasswordInput
        source="token"
        label="Admin token"
        autoFocus
        autoComplete="off"
        validate={required('Enter the admin token.')}
      />
    </LoginForm>
  </Login>
);
