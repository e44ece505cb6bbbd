"""The moderation workflow: a coordinator approves group edits before they go live.

One Wagtail workflow, "Coordinator approval", with one group approval task for the Coordinators
group, assigned to the organisation index page, so it covers every organisation's subtree.

Trusted groups have publish permission. Wagtail lets anyone with publish permission publish
directly (the workflow is then an option, "Submit for moderation", not a requirement), and that is
what "trusted" means here: the council has decided that group's edits need no approval.

Wagtail sends the emails: coordinators (the task's group) when a page is submitted, and the editor who
submitted it when it is approved or sent back, with the coordinator's comment.
"""

from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from directory.models import OrganisationIndexPage

from .permissions import ensure_coordinators_group

WORKFLOW_NAME = "Coordinator approval"
TASK_NAME = "Coordinator approval"


@transaction.atomic
def ensure_moderation_workflow() -> Workflow:
    """Create the workflow if missing and assign it to every organisation index page. Idempotent."""
    coordinators = ensure_coordinators_group()
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).order_by("pk").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(coordinators)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count())
    for index in OrganisationIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def ensure_alliance_setup() -> None:
    """Everything the Alliance needs in the database: the Coordinators group and the workflow."""
    ensure_moderation_workflow()
