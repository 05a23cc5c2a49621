import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setDefaultOptions } from 'date-fns';
import { zhCN as dateLocale } from 'date-fns/locale';
import { zhCN } from './locales/zh-CN';

void i18n.use(initReactI18next).init({
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  resources: { 'zh-CN': { translation: zhCN } },
  interpolation: { escapeValue: false },
  returnNull: false,
});

setDefaultOptions({ locale: dateLocale, weekStartsOn: 1 });

export default i18n;
