"""`gt`, the operator command of the GT toolkit (click commands over `gt_chain`)."""
