from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(help_text="Keep it short: a few words.")
    size = blocks.ChoiceBlock(
        choices=[("h2", "Main heading"), ("h3", "Subheading"), ("h4", "Small heading")],
        default="h2",
        help_text="Use a main heading first, then subheadings under it.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(help_text="What the button says, for example 'Find help near you'.")
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site.")
    url = blocks.URLBlock(required=False, help_text="Or a web address elsewhere.")

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"


class ContentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock(template="blocks/image_block.html")
    call_to_action = CallToActionBlock()
