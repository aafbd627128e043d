/**
 * The application id: electron-builder's `appId` (electron-builder.yml) and, on Windows, the
 * AppUserModelID that desktop notifications are attributed to. The two must match or Windows drops
 * the notifications of the installed app; a test keeps them equal.
 */
export const APP_ID = 'org.asleep-webhook-console.desktop';
export const PRODUCT_NAME = 'Asleep Webhook Console';
