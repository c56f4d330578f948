//! botika-sandbox: a faithful, stateful emulator of Botika's WhatsApp Business API.

pub mod rules;
