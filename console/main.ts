// Entry of the console bundle: registers every console element.
import './ivrpay-console.js';
