import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { mergeTranslations, type TranslationMessages } from 'react-admin';

// Resource labels and notifications: "Tenant created" rather than react-admin's "Element created".
const portcullisMessages = {
  resources: {
    tenants: {
      name: 'Tenant |||| Tenants',
      fields: {
        id: 'ID',
        name: 'Name',
        slug: 'Slug',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
      notifications: {
        created: 'Tenant created',
        updated: 'Tenant updated',
        deleted: 'Tenant deleted |||| %{smart_count} tenants deleted',
      },
    },
  },
};

const messages: TranslationMessages = mergeTranslations(
  englishMessages,
  portcullisMessages,
) as TranslationMessages;

export const i18nProvider = polyglotI18nProvider(() => messages, 'en', [{ locale: 'en', name: 'English' }], {
  allowMissing: true,
});
