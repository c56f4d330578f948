//! Message templates (`/message-templates`): the [`MessageTemplate`] model with typed
//! components, the [`NewTemplate`] and [`TemplateUpdate`] request builders with the creation
//! rules, and the [`Templates`] resource (pages, an all-pages stream, get, find, create, update,
//! delete).

mod enums;
mod model;
mod new;
mod resource;

#[cfg(test)]
mod tests;

pub use enums::{HeaderFormat, TemplateButtonType, TemplateCategory, TemplateStatus};
pub use model::{
    BodyComponent, ButtonsComponent, FooterComponent, HeaderComponent, LimitedTimeOfferComponent,
    LimitedTimeOfferSettings, MessageTemplate, TemplateButton, TemplateComponent,
    template_variables,
};
pub use new::{NewTemplate, TemplateUpdate};
pub use resource::{TemplatePage, Templates};
