import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import type { SvgIconComponent } from '@mui/icons-material';

interface EmptyStateProps {
  icon: SvgIconComponent;
  title: string;
  children: ReactNode;
  /** What to do next: usually a create button. */
  action?: ReactNode;
}

/** A list's empty page: what the resource is for and the next step, like the tenants list. */
export const EmptyState = ({ icon: Icon, title, children, action }: EmptyStateProps) => (
  <Box sx={{ textAlign: 'center', mx: 'auto', my: 6, maxWidth: 600, px: 2 }}>
    <Icon sx={{ fontSize: 72 }} color="disabled" aria-hidden />
    <Typography variant="h5" component="h2" gutterBottom>
      {title}
    </Typography>
    <Typography component="div" color="text.secondary" sx={{ mb: 3 }}>
      {children}
    </Typography>
    {action}
  </Box>
);
