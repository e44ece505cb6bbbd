"""The page editor's main button. For a group whose changes a coordinator approves, the first thing
they should press is "Submit for approval", not "Save draft" (which on its own leaves the change
unseen by anyone)."""

from wagtail.admin.action_menu import SubmitForModerationMenuItem


class SubmitForApprovalMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit action, named for what happens: "Submit to Coordinator approval" reads as
    though it were sent to a person called Coordinator."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page and page.pk else None
        needs_changes = state is not None and state.status == state.STATUS_NEEDS_CHANGES
        context["label"] = "Submit again for approval" if needs_changes else "Submit for approval"
        return context


def put_submit_first(menu_items: list) -> None:
    """When the user may not publish, make "Submit for approval" the main button (the first item)."""
    names = [item.name for item in menu_items]
    if "action-publish" in names or "action-submit" not in names:
        return
    submit = menu_items.pop(names.index("action-submit"))
    replacement = SubmitForApprovalMenuItem(order=submit.order)
    menu_items.insert(0, replacement)
