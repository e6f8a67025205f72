// Entry of the lazily loaded softphone chunk (dist/widget/ivr-pay-softphone.mjs): registers <ivr-pay-softphone>, exports the sip.js phone.
import { IvrPaySoftphone } from './ivr-pay-softphone.js';

if (!customElements.get(IvrPaySoftphone.tagName)) customElements.define(IvrPaySoftphone.tagName, IvrPaySoftphone);

export { IvrPaySoftphone };
export { MicError, PhoneCall, Softphone, micProblem } from './softphone.js';
export type { IvrPayCallDetail, IvrPayPaymentPickedDetail } from './ivr-pay-softphone.js';
