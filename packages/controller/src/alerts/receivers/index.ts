export {
  ALERTMANAGER_WEBHOOK_PATH,
  bearerMatches,
  createAlertmanagerWebhookHandler,
  startWebhookReceiver,
  type WebhookHandlerOptions,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from './alertmanager-webhook.js';
export { type AlertmanagerEvent, expressionOf, parseAlertmanagerPayload } from './payload.js';
