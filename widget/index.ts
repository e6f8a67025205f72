// Entry of the widget bundle: registers <ivr-pay> once (a second copy of the script on the page is harmless) and exports its public types.
import { IvrPay } from './ivr-pay/ivr-pay.js';

if (!customElements.get(IvrPay.tagName)) customElements.define(IvrPay.tagName, IvrPay);

export { IvrPay };
export { IvrPayErrorEvent, IvrPayResultEvent, IvrPayStatusEvent, type IvrPayErrorDetail } from './ivr-pay/events.js';
export type { Lang } from './ivr-pay/i18n.js';
