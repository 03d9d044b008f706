export {
  ALERTMANAGER_WEBHOOK_PATH,
  bearerMatches,
  createAlertmanagerWebhookHandler,
  startWebhookReceiver,
  type WebhookHandlerOptions,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from './alertmanager-webhook.js';
export { type AlertmanagerEvent, parseAlertmanagerPayload } from './payload.js';
