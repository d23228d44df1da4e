// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ICommittee} from "../../interfaces/ICommittee.sol";

/**
 * @title TestCommittee
 * @notice TEST-ONLY committee: a fixed member list and threshold set by its owner, implementing
 * {ICommittee} so the protection fund can be tested (and deployed on local chains) before the
 * real, elected `Committee` exists. Every {setMembers} call bumps `membershipVersion`, like a
 * new term or a recall would. Never deploy it to a public network.
 */
contract TestCommittee is ICommittee, Ownable {
    mapping(address account => uint256 version) private _memberSince;
    address[] private _members;
    uint256 public approvalThreshold;
    uint256 public membershipVersion;

    constructor(address[] memory members_, uint256 threshold_) Ownable(msg.sender) {
        _setMembers(members_, threshold_);
    }

    /// @notice Replaces the whole committee (test-only); bumps the membership version.
    function setMembers(address[] calldata members_, uint256 threshold_) external onlyOwner {
        _setMembers(members_, threshold_);
    }

    /// @inheritdoc ICommittee
    function isMember(address account) external view returns (bool) {
        return _memberSince[account] == membershipVersion + 1;
    }

    /// @inheritdoc ICommittee
    function memberCount() external view returns (uint256) {
        return _members.length;
    }

    /// @notice The current members.
    function members() external view returns (address[] memory) {
        return _members;
    }

    function _setMembers(address[] memory members_, uint256 threshold_) private {
        uint256 version = _members.length == 0 && membershipVersion == 0 ? 0 : membershipVersion + 1;
        membershipVersion = version;
        for (uint256 i = 0; i < members_.length; ++i) {
            _memberSince[members_[i]] = version + 1;
        }
        _members = members_;
        approvalThreshold = threshold_;
    }
}
